% setarg/3 (destructive, undone on backtracking) and nb_setarg/3 (kept on
% backtracking, stores a copy of the value), as SWI-Prolog 9 (issue #18).
% A clause's or a fact's compound terms are made afresh on each call, so a
% change never reaches the program: counter/1 and init/1 stay as written.

:- dynamic r/1.

counter(c(0)).
init(state(0, [])).
table_of(t(k(1), [a, b])).

bump(C) :- arg(1, C, V0), V1 is V0 + 1, nb_setarg(1, C, V1).

count_solutions(G, N) :-
    C = c(0),
    (   call(G), bump(C), fail
    ;   arg(1, C, N)
    ).

fresh_each_call(X, Y) :- T = s(0), arg(1, T, X), nb_setarg(1, T, 1), arg(1, T, Y).

from_fact(X, Y) :- counter(C), nb_setarg(1, C, 5), X = C, counter(Y).

from_fact_backtrackable(X, Y) :- counter(C), setarg(1, C, 6), X = C, counter(Y).

nested_fact(X, Y) :-
    table_of(T), arg(1, T, K), setarg(1, K, 99), nb_setarg(2, T, [z]), X = T, table_of(Y).

collect(L) :- T = f(a, b), findall(T, (member(V, [1, 2, 3]), setarg(1, T, V)), L).

collect_nb(L) :-
    Acc = acc([]),
    forall(member(X, [1, 2, 3]), (arg(1, Acc, L0), nb_setarg(1, Acc, [X|L0]))),
    arg(1, Acc, L).

undone_by_failure(T) :- T = f(a), ( setarg(1, T, b), fail ; true ).
undone_by_negation(T) :- T = f(a), \+ \+ setarg(1, T, b).
undone_by_throw(T) :- T = f(a), catch((setarg(1, T, b), throw(x)), x, true).
kept_after_failure(T) :- T = f(a), ( nb_setarg(1, T, b), fail ; true ).
stacked(T) :- T = f(a), ( setarg(1, T, b), setarg(1, T, c), fail ; true ).
stacked_kept(T) :- T = f(a), setarg(1, T, b), setarg(1, T, c).
mixed(T) :- T = f(a), ( nb_setarg(1, T, b), setarg(1, T, c), fail ; true ).
sharing(A, B) :- A = f(x), B = A, setarg(1, A, y).

% query: count_solutions(member(_, [a, b, c, d]), N).
% query: count_solutions(fail, N).
% query: fresh_each_call(X, Y), fresh_each_call(X2, Y2).
% query: from_fact(X, Y), counter(Z).
% query: from_fact_backtrackable(X, Y), counter(Z).
% query: nested_fact(X, Y), table_of(Z).
% query: collect(L).
% query: collect_nb(L).
% query: undone_by_failure(T).
% query: undone_by_negation(T).
% query: undone_by_throw(T).
% query: kept_after_failure(T).
% query: stacked(T).
% query: stacked_kept(T).
% query: mixed(T).
% query: sharing(A, B).
% query: C = c(0), forall(between(1, 5, _), (arg(1, C, V0), V1 is V0 + 1, nb_setarg(1, C, V1))).
% query: C = c(0), forall(between(1, 5, _), (arg(1, C, V0), V1 is V0 + 1, setarg(1, C, V1))).
% query: T = f(a, b), (setarg(1, T, x), write(T), nl, fail ; write(T), nl).
% query: T = f(a, b), (nb_setarg(2, T, x), print(T), nl, fail ; print(T), nl).
% query: T = f(a), setarg(1, T, g(Y)), Y = 1.
% query: T = f(a), nb_setarg(1, T, g(Y)), Y = 1.
% query: T = f(a), nb_setarg(1, T, T).
% query: T = f(a), nb_setarg(1, T, "text"), T = f(S), string(S).
% query: L = [a, b], setarg(1, L, x).
% query: T = f(a, b, c), setarg(3, T, z), arg(3, T, Z).
% query: T = f(a), setarg(2, T, b).
% query: T = f(a), setarg(0, T, b).
% query: setarg(1, foo, b).
% query: nb_setarg(1, foo, b).
% query: setarg(0, 3, b).
% query: setarg(1, 3, b).
% query: setarg(1, 3.0, b).
% query: setarg(1, "str", b).
% query: setarg(1, [], b).
% query: setarg(1, _, a).
% query: nb_setarg(1, _, a).
% query: setarg(_, f(a), b).
% query: setarg(a, f(a), b).
% query: setarg(a, _, b).
% query: setarg(1.0, f(a), b).
% query: setarg(-1, f(a), b).
% query: setarg(-1, _, b).
% query: nb_setarg(-1, f(a), b).
% query: nb_setarg(x, f(a), b).
% query: setarg(99999999999999999999, f(a), b).
% query: setarg(9223372036854775808, f(a), b).
% query: catch(setarg(1, 3, b), error(E, _), true).
% query: T = f(a), assertz(r(T)), setarg(1, T, b), r(X).
% query: T = f(a), nb_setval(k, T), setarg(1, T, b), nb_getval(k, X).
% query: nb_setval(k2, c(0)), nb_getval(k2, C), nb_setarg(1, C, 1), nb_getval(k2, D).
% query: T = f(a), findall(T, true, [Y]), setarg(1, T, b).
% query: T = f(a), copy_term(T, Y), setarg(1, T, b).
% query: T = f(a, _), copy_term(T, Y), setarg(1, T, b).
% query: T = f(g(a), _), copy_term(T, Y), arg(1, T, G), setarg(1, G, z).
% query: T = f(a), duplicate_term(T, Y), setarg(1, T, b).
% query: T = f(g(a)), arg(1, T, G), setarg(1, G, z).
% query: T = f(a), setarg(1, T, b), T == f(b), T \== f(a), T @> f(a).
% query: T = f(a), setarg(1, T, b), msort([T, f(c), f(a)], L).
% query: T = f(a), setarg(1, T, b), format("~w ~q ~a~n", [T, T, x]), term_to_atom(T, A).
