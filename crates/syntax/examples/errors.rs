//! Prints the syntax errors of each Go file given as argument, formatted
//! as gc prints them (`file:line:col: message`).
fn main() {
    for path in std::env::args().skip(1) {
        let src = std::fs::read(&path).expect("readable file");
        let file = goescape_syntax::parse_file(&path, &src);
        for error in file.errors() {
            println!("{}: {}", file.position(error.pos), error.msg);
        }
    }
}
