% More tabling: different call patterns of one table, tabled predicates
% calling each other, non-ground answers, findall over tabled goals.
:- table conn/2.
conn(X, Y) :- conn(X, Z), arc(Z, Y).
conn(X, Y) :- arc(X, Y).
arc(1, 2). arc(2, 3). arc(3, 1). arc(3, 4). arc(5, 5).

:- table reach_count/2.
reach_count(X, N) :- node(X), aggregate_all(count, conn(X, _), N).
node(X) :- member(X, [1, 2, 3, 4, 5]).

:- table gen/1.
gen(f(_)).
gen(g(a)).

:- table nat_lt/2.
nat_lt(N, 0) :- N > 0.
nat_lt(N, X) :- nat_lt(N, Y), X is Y + 1, X < N.

% Grammar-style left recursion: expr --> expr + term | term.
:- table expr/3.
expr(S0, S, V) :- expr(S0, [+ | S1], V0), num(S1, S, V1), V is V0 + V1.
expr(S0, S, V) :- num(S0, S, V).
num([N | S], S, N) :- integer(N).

% query(set): conn(1, X).
% query(set): conn(X, 1).
% query(set): conn(5, X).
% query(set): conn(4, X).
% query: conn(1, 4).
% query(set): reach_count(X, N).
% query(set): gen(X).
% query(set): nat_lt(5, X).
% query: findall(X, nat_lt(3, X), _L0), msort(_L0, L).
% query(set): expr([1, +, 2, +, 3], [], V).
% query(set): expr([1, +, 2, +, 3], Rest, V).
% query: conn(1, X), X == 4.
