// Defined types declared as each other have no underlying type.
package p

type A B

type B C

type C A
