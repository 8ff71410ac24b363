% Uncaught ISO errors from builtins (only the formal part is compared).
% query: atom_length(X, N).
% query: atom_length(f(x), N).
% query: atom_codes(X, Y).
% query: atom_chars(X, [a | _]).
% query: atom_chars(X, [a, f(b)]).
% query: char_code(X, Y).
% query: number_codes(X, Y).
% query: number_codes(X, "1x").
% query: sub_atom(X, B, L, A, S).
% query: functor(X, Y, 3).
% query: functor(X, foo, a).
% query: arg(X, f(a), Y), fail.
% query: arg(1, X, Y).
% query: X =.. Y.
% query: X =.. [f(a)].
% query: X =.. [].
% query: copy_term(X, Y), X == Y.
% query: X is 1 + a.
% query: X is foo.
% query: atom_number(X, Y).
% query: call(3).
% query: call((a, 3)).
% query: assertz(foo :- 1).
% query: assertz((X :- true)).
% query: undefined_thing_abc(1, 2).
% query: atom_concat(X, b, Y).
% query: number_codes(N, []).
% query: atom_chars(A, L).
% query: msort(X, Y).
% query: sort([b | c], X).
% query: keysort([a], X).
% query: keysort(X, Y).
% query: atom_to_term('foo(', T, B).
% query: succ(0, X), succ(X, 0).
% query: between(1, a, X).
% query: nth0(a, [1], X).
% query: sub_atom(abc, a, _, _, S).
% query: atom_string(f(x), S).
% query: upcase_atom(f(x), U).
% query: string_concat(X, Y, Z).
% query: split_string(X, "", "", L).
% query: number_string(N, "abc").
% query: tab(a).
% query: retract(X).
% query: abolish(foo).
% query: atomic_list_concat(X, Y).
% query: catch(throw(error(foo, bar)), error(E, C), true).
