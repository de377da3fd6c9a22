"""Workbooks in and out, for every importer and exporter: `cells` writes user text so that it stays text,
`reading` opens what clerks upload (.xlsx from Excel or WPS, old .xls) as plain rows, `dates` reads a date
however it was typed or formatted."""
