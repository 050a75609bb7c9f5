module example.com/namepatterns

go 1.26
