package p

func f(p *int) {
	for range p {
	}
}
