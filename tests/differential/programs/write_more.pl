% More output: print/1, writeq/1 and format ~p/~q of operators, strings,
% special atoms and escapes.

% query: print("str"), nl.
% query: print([a, "b", 'C']), nl.
% query: print(1 + 2), nl.
% query: writeq(+), nl.
% query: writeq(f(+)), nl.
% query: writeq([+, -, *]), nl.
% query: writeq(+(a)), nl.
% query: writeq(+(1)), nl.
% query: writeq(- + 1), nl.
% query: writeq(f(a, -1)), nl.
% query: writeq(1 + -1.5), nl.
% query: writeq(a =.. b), nl.
% query: writeq('\e'), nl.
% query: writeq('a\x7f\b'), nl.
% query: writeq('hello\x20\world'), nl.
% query: writeq(f(a+b, (c:-d), [e|f])), nl.
% query: writeq(- (- (1))), nl.
% query: writeq(1 - (-(1))), nl.
% query: writeq(-(-(-(a)))), nl.
% query: writeq(2 ** -1), nl.
% query: writeq(- (2 ** 3)), nl.
% query: writeq((- 2) ** 3), nl.
% query: writeq(-(2) ** 3), nl.
% query: writeq(a:b:c), writeq(' '), writeq((a:b):c), nl.
% query: writeq((a , b) :- c), nl.
% query: writeq(\+ (\+ a)), nl.
% query: writeq(f(\+)), nl.
% query: writeq({}), writeq(' '), writeq('{}'(a)), writeq(' '), writeq({(a :- b)}), nl.
% query: writeq(f(';', '!', '|', [])), nl.
% query: writeq(a| b), nl.
% query: writeq([a|b]), writeq([[]]), writeq([[a]|b]), nl.
% query: writeq("it's"), writeq(' '), writeq('it"s'), nl.
% query: writeq(f("")), writeq(''), nl.
% query: writeq(['\\', '''', '"', '`']), nl.
% query: writeq(aé), writeq(' '), writeq('Été'), writeq(' '), writeq(日本), nl.
% query: writeq(f(x) = f(y)), nl.
% query: writeq(1 = 2), writeq(' '), writeq(a \= b), writeq(' '), writeq(a \== b), nl.
% query: writeq(f(a ; b)), writeq(' '), writeq((a -> b)), writeq(' '), writeq((a *-> b)), nl.
% query: writeq(?- a), nl.
% query: writeq(dynamic foo/1), nl.
% query: writeq(a = (:-)), nl.
% query: writeq([(:-), (-->), (?-)]), nl.
% query: writeq(f(is, mod, rem, xor)), nl.
% query: writeq(1 mod 2), writeq(' '), writeq(a is b), writeq(' '), writeq(mod(a)), nl.
% query: writeq(- (1)), writeq(' '), writeq(-(a)), writeq(' '), writeq(-(-1)), writeq(' '), writeq(-(1.0)), nl.
% query: format("~q ~a ~w ~p~n", ['A b', 'A b', 'A b', 'A b']).
% query: format("~q~n", [f('$VAR'(1), 'X')]).
% query: format("~w~n", ['$VAR'(25)]).
% query: write_canonical([a, 'B'|"c"]), nl.
% query: write_canonical(f(- 1, -(1), 1 - 1)), nl.
% query: write_canonical({a}), nl.
% query: write_term(f('a b', [1, 2]), [quoted(true)]), nl.
% query: write_term('$VAR'(1), [numbervars(true)]), nl.
% query: write_term(1 + 2, [ignore_ops(true)]), nl.
% query: write_term("s", [quoted(true)]), nl.
