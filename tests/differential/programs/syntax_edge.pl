% Reading: number and character syntax, escapes, operators as atoms.
num(0x1F).
num(0o17).
num(0b101).
num(0'a).
num(0' ).
num(0''').
num(0'\n).
num(1.5e3).
num(1.0E-2).
num(-7).
num(- 7).
num(-(7)).
num(12345678901234567890123).
str("tab\there").
str("quote\"inside").
str("back\\slash").
str('single''quote').
str('\x41\\x42\').
str("\u00e9t\u00e9").
str('new\nline').
str(`codes`).
str('\101\').
str('50% off').
str("a /* not a comment */ b").
str('%').
ops(f(+, -, *, /)).
ops([-]).
ops(- (1)).
ops(-(-(1))).
ops(1 - -1).
ops(- - a).
ops(\+ a).
ops(a = \+).
ops([a|[b|[c]]]).
ops({x, y}).
ops('{}'(x)).
ops(f(a;b)).
ops((a :- b)).
ops(f(',')).
ops(- {a}).
ops(-(1) + 2).
ops(1 + (2 , 3)).
ops(p :- (a, b ; c -> d)).
/* a block comment
   spanning lines */
ops(end). % a line comment

% query: num(X).
% query: str(X).
% query: str(X), atom(X), atom_length(X, N).
% query: ops(X).
% query: ops(X), writeq(X), nl, fail.
% query: X = 'hello world', writeq(X), nl.
% query: X = "a\\b", string_length(X, N).
% query: X = 0'\\, Y = 0'\', Z = 0'".
% query: atom_codes(A, [0'\t, 0'a]), writeq(A), nl.
% query: X = 'ünïcödé', atom_length(X, N), writeq(X), nl.
% query: X = [1,2|Y], Y = [3].
% query: X = (a, b, c), X = (P, Q).
% query: X = - 1, integer(X).
% query: X = -(1), integer(X).
% query: X = - a, X =.. L.
% query: X = a- (-1), X =.. L.
% query: X = 2 - 1 - 1, Y is X.
% query: X = 2 ** 3, Y is X.
