% write/1, print/1, writeln/1, write_canonical/1, writeq/1, nl/0, tab/1.

% query: write(hello), nl.
% query: write('Hello World'), nl.
% query: writeq('Hello World'), nl.
% query: writeq([a, 'B', "str", 'it''s', [], {}, '{}']), nl.
% query: write("a string"), nl, writeq("a string"), nl.
% query: print(f('A', b)), nl.
% query: writeln(done).
% query: writeln("str").
% query: write_canonical(f(X, Y, X, "s", 'A')), nl.
% query: write_canonical([1, 2 | T]), nl.
% query: write(1 + 2 * 3), nl.
% query: write((1 + 2) * 3), nl.
% query: write(1 - (2 - 3)), nl.
% query: write((1 - 2) - 3), nl.
% query: write((2 ^ 3) ^ 4), nl.
% query: write(2 ^ 3 ^ 4), nl.
% query: write(- 1), nl.
% query: write(-(1)), nl.
% query: write(-(-(1))), nl.
% query: write(- a), nl.
% query: write(-(-(a))), nl.
% query: write(1 - -1), nl.
% query: write(a = b), nl.
% query: write(f(a = b, c)), nl.
% query: write(f((a, b))), nl.
% query: write((a :- b, c ; d -> e)), nl.
% query: writeq((a :- b, c ; d -> e)), nl.
% query: write(\+ a), nl.
% query: writeq(\+ (a, b)), nl.
% query: writeq(- (1)), nl.
% query: writeq(-(1.5)), nl.
% query: writeq(1 + -2), nl.
% query: writeq(a- (-1)), nl.
% query: writeq([a | b]), nl.
% query: writeq({a, b}), nl.
% query: writeq('\n'), nl.
% query: writeq(''), nl.
% query: writeq(a + 'B'), nl.
% query: writeq(f(',', '|', ';', '{}', !)), nl.
% query: writeq([',', '|']), nl.
% query: writeq(- - a), nl.
% query: writeq(\ \ a), nl.
% query: writeq(1 = '='), nl.
% query: writeq(f(:-)), nl.
% query: writeq((:- a)), nl.
% query: writeq(f(a :- b)), nl.
% query: writeq(- (-)), nl.
% query: writeq([-]), nl.
% query: writeq('hello'(world)), nl.
% query: writeq('Hello'(world)), nl.
% query: writeq(f(;)), nl.
% query: writeq(a;b), nl.
% query: writeq((a->b;c)), nl.
% query: writeq(p :- q), nl.
% query: writeq([a, b] = [c]), nl.
% query: writeq(-(2)), nl.
% query: writeq(- 2), nl.
% query: writeq(-(a)), nl.
% query: writeq(2 - (-2)), nl.
% query: writeq(f(-1)), nl.
% query: writeq(1.0), nl.
% query: writeq(-0.0), nl.
% query: writeq(1.0e20), nl.
% query: writeq(1.5e-10), nl.
% query: writeq(123456789.0), nl.
% query: writeq(0.1), nl.
% query: writeq(100000000000000.0), nl.
% query: writeq(1000000000000000.0), nl.
% query: writeq('$VAR'(1)), nl.
% query: print('$VAR'(27)), nl.
% query: write('$VAR'(3)), nl.
% query: write_canonical('$VAR'(1)), nl.
% query: writeq(f('$VAR'('Foo'))), nl.
% query: tab(3), write(x), nl.
% query: tab(1 + 1), write(y), nl.
% query: nl, nl.
% query: writeq('/*'), nl.
% query: writeq(//), nl.
% query: writeq('hello world'), write(' '), write('hello world'), nl.
% query: writeq(f(a, 'b c', "d e", 0'f)), nl.
% query: writeq('\t'), nl.
% query: writeq('a\\b'), nl.
% query: writeq("a\"b"), nl.
% query: writeq('don''t'), nl.
% query: writeq(abc123), writeq(' '), writeq(aBC), writeq(' '), writeq('Abc'), writeq(' '), writeq('_abc'), nl.
% query: writeq([]), writeq({}), writeq('{}'), nl.
% query: writeq(f(x,-)), nl.
% query: writeq(- (1) + 2), nl.
% query: writeq(a:b:c), nl.
% query: writeq((a:-b)), nl.
% query: writeq(f((a:-b))), nl.
% query: writeq([(a:-b)]), nl.
% query: writeq([(a,b)]), nl.
% query: writeq(1 * (2 + 3) * 4), nl.
% query: writeq(-(3) * 2), nl.
% query: writeq((-3) * 2), nl.
% query: writeq(- (3 * 2)), nl.
% query: writeq(2 * -3), nl.
% query: writeq(a * (b , c)), nl.
% query: writeq(f(a- -1)), nl.
