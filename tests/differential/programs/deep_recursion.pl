% Deep recursion: a million steps must neither overflow nor take long.
% Only final results are compared (the big lists are bound to _-variables).
count(0) :- !.
count(N) :- N1 is N - 1, count(N1).

len([], N, N).
len([_ | T], A, N) :- A1 is A + 1, len(T, A1, N).

build(0, L, L) :- !.
build(N, A, L) :- N1 is N - 1, build(N1, [N | A], L).

% non-tail recursion, deep
sum_to(0, 0) :- !.
sum_to(N, S) :- N1 is N - 1, sum_to(N1, S1), S is S1 + N.

% query: count(1000000).
% query: length(_L, 1000000), length(_L, N).
% query: length(_L, 1000000), append(_L, [end], _L2), length(_L2, N), _L2 = [First | _], var(First).
% query: build(50000, [], _L), len(_L, 0, N), sum_list(_L, S), last(_L, Last).
% query: sum_to(50000, S).
% query: findall(X, between(1, 100000, X), _L), length(_L, N).
% query: length(_L, 20000), maplist(=(z), _L), nth1(20000, _L, E).
% query: numlist(1, 100000, _L), atomic_list_concat(_L, _At), atom_length(_At, N).
