# "Jumat, 7 November 2025 14.05 WIB" and "7 November 2025" (Django: "7 Nov 2025").
DATETIME_FORMAT = "l, j F Y H.i T"
DATE_FORMAT = "j F Y"
