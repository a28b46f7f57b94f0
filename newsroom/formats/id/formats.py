# "Jumat, 7 November 2025 14.05 WIB" and "7 November 2025" (Django: "7 Nov 2025").
DATETIME_FORMAT = "l, j F Y H.i T"
DATE_FORMAT = "j F Y"
# Lists (the desk): "7 Nov 2025 14.05" (Django: "07-11-2025 14.05").
SHORT_DATETIME_FORMAT = "j M Y H.i"
