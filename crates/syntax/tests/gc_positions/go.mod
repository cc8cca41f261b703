module gcpositions

go 1.26
