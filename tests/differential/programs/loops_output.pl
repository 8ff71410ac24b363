% Failure-driven loops, between/3 loops, and output interleaving.
table_row(N) :- findall(P, (between(1, 5, I), P is N * I), Ps), format("~t~w~4+~t~w~4+~t~w~4+~t~w~4+~t~w~4+~n", Ps).

print_table :- forall(between(1, 4, N), table_row(N)).

countdown(0) :- !, write(liftoff), nl.
countdown(N) :- write(N), write(' '), N1 is N - 1, countdown(N1).

show_each(L) :- member(X, L), write(X), nl, fail.
show_each(_).

gen(X) :- member(X, [a, b, c]), format("gen ~w~n", [X]).

% query: print_table.
% query: countdown(5).
% query: show_each([x, y, z]).
% query: gen(X).
% query: gen(X), X == b.
% query: gen(X), !.
% query: between(1, 3, X), write(X), nl, X >= 2.
% query: forall(nth1(I, [a, b], E), format("~w: ~w~n", [I, E])).
% query: findall(X, (member(X, [1, 2]), format("in ~w~n", [X])), L), format("done ~w~n", [L]).
% query: write(a), fail.
% query: (write(first), nl ; write(second), nl), fail.
