// One call of two results as both arguments of complex, as for any call.
package p

func parts() (float64, float64) { return 1, 2 }

func parts32() (float32, float32) { return 1, 2 }

func Z() complex128 { return complex(parts()) }

func Z32() complex64 { return complex(parts32()) }
