# "Friday, 7 November 2025 2:05 PM WIB" and "7 November 2025" (Django: "Nov. 7, 2025").
DATETIME_FORMAT = "l, j F Y g:i A T"
DATE_FORMAT = "j F Y"
