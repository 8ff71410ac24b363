% Binary search trees.
insert(X, nil, t(nil, X, nil)) :- !.
insert(X, t(L, V, R), t(L1, V, R)) :- X @< V, !, insert(X, L, L1).
insert(X, t(L, V, R), t(L, V, R1)) :- X @> V, !, insert(X, R, R1).
insert(_, T, T).

from_list(Xs, T) :- foldl(insert, Xs, nil, T).

to_list(nil, []).
to_list(t(L, V, R), Xs) :- to_list(L, Ls), to_list(R, Rs), append(Ls, [V | Rs], Xs).

lookup(X, t(_, X, _)) :- !.
lookup(X, t(L, V, _)) :- X @< V, !, lookup(X, L).
lookup(X, t(_, _, R)) :- lookup(X, R).

height(nil, 0).
height(t(L, _, R), H) :- height(L, HL), height(R, HR), H is max(HL, HR) + 1.

count(nil, 0).
count(t(L, _, R), N) :- count(L, NL), count(R, NR), N is NL + NR + 1.

in_tree(X, t(L, V, R)) :- ( in_tree(X, L) ; X = V ; in_tree(X, R) ).

% query: from_list([5, 3, 8, 1, 4, 7, 9, 3], T).
% query: from_list([5, 3, 8, 1, 4, 7, 9], T), to_list(T, L).
% query: from_list([m, c, x, a, e], T), lookup(e, T).
% query: from_list([m, c, x, a, e], T), lookup(z, T).
% query: from_list([5, 3, 8, 1, 4], T), height(T, H), count(T, N).
% query: numlist(1, 50, L), from_list(L, T), height(T, H).
% query: from_list([b, a, c], T), in_tree(X, T).
