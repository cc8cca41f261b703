package p

func f(c <-chan int) {
	c <- 1
}
