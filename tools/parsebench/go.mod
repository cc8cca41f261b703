module goescape.invalid/parsebench

go 1.26
