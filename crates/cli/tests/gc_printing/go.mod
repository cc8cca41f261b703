module gcprinting

go 1.26
