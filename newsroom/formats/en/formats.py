# "Friday, 7 November 2025 2:05 PM WIB" and "7 November 2025" (Django: "Nov. 7, 2025").
DATETIME_FORMAT = "l, j F Y g:i A T"
DATE_FORMAT = "j F Y"
# Lists (the desk): "7 Nov 2025, 2:05 PM" (Django: "11/07/2025 2:05 p.m.").
SHORT_DATETIME_FORMAT = "j M Y, g:i A"
