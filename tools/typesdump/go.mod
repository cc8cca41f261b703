module goescape.invalid/typesdump

go 1.26
