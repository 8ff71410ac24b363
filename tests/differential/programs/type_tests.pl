% Type tests.
check(T, Ts) :-
    findall(N, (member(N, [var, nonvar, atom, number, integer, float, atomic,
                            compound, callable, is_list, string, ground]),
                call(N, T)), Ts).

% query: check(_, Ts).
% query: check(foo, Ts).
% query: check(42, Ts).
% query: check(-7, Ts).
% query: check(3.14, Ts).
% query: check("text", Ts).
% query: check(f(x), Ts).
% query: check(f(_), Ts).
% query: check([a, b], Ts).
% query: check([a | _], Ts).
% query: check({a}, Ts).
% query: check(123456789012345678901234567890, Ts).
% query: atom(X).
% query: var(X), X = 1, nonvar(X).
% query: callable((a, b)).
% query: is_list([a|b]).
% query: ground(f(a, [b, c])).
% query: ground(f(a, [b, C])).
% query: number(1.0e10).
% query: atomic("s").
