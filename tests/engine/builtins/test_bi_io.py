"""write/print/writeq/nl/tab/put_char and output capture."""

from bi_support import error_of, same, solve


def out(m, goal: str) -> str:
    m.output.truncate(0)
    m.output.seek(0)
    assert solve(m, goal), goal
    return m.output.getvalue()


def test_write_family(m):
    assert out(m, "write('A b')") == "A b"
    assert out(m, "print('A b')") == "'A b'"
    assert out(m, "writeq('A b')") == "'A b'"
    assert out(m, "writeln(x)") == "x\n"
    assert out(m, "write(f(a, \"s\"))") == "f(a,s)"
    assert out(m, "writeq(f(a, \"s\"))") == 'f(a,"s")'
    assert out(m, "write(1.0e22)") == "1.0e+22"
    assert out(m, "nl") == "\n"
    assert out(m, "tab(3), write(x)") == "   x"
    assert out(m, "tab(1+1)") == "  "
    assert out(m, "put_char(a)") == "a"
    assert out(m, "write_term('A', [quoted(true)])") == "'A'"
    assert out(m, "write_term('A', [])") == "A"
    assert out(m, "write(user_output, x), nl(user_output)") == "x\n"


def test_io_errors(m):
    assert same(error_of(m, "put_char(ab)"), "type_error(character, ab)")
    assert same(error_of(m, "put_char(_)"), "instantiation_error")
    assert same(error_of(m, "tab(a)"), "type_error(evaluable, a/0)")
    assert same(error_of(m, "write(nostream, x)"), "existence_error(stream, nostream)")


def test_output_capture(m):
    sol = solve(m, "'$push_output', write(hello), '$pop_output'(T)")[0]
    assert sol["T"] == "hello"
    assert m.output.getvalue() == ""
