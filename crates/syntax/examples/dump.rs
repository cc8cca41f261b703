//! Prints the syntax tree dump of the Go file given as argument.
fn main() {
    let path = std::env::args().nth(1).expect("usage: dump FILE.go");
    let src = std::fs::read(&path).expect("readable file");
    let file = goescape_syntax::parse_file(&path, &src);
    print!("{}", goescape_syntax::dump(&file));
}
