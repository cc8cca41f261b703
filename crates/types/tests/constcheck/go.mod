module constcheck

go 1.22
