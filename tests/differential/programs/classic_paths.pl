% Path finding in a cyclic graph with a visited list.
edge(a, b). edge(b, c). edge(c, a). edge(b, d). edge(d, e). edge(c, e). edge(e, f).

path(X, Y, P) :- path(X, Y, [X], Q), reverse(Q, P).
path(X, X, V, V).
path(X, Y, V, P) :- edge(X, Z), \+ memberchk(Z, V), path(Z, Y, [Z | V], P).

reachable(X, Ys) :- setof(Y, P^path(X, Y, P), Ys).

shortest(X, Y, P) :-
    findall(L-Q, (path(X, Y, Q), length(Q, L)), Ps),
    keysort(Ps, [_-P | _]).

% Breadth-first search.
bfs(Start, Goal, Path) :- bfs_([[Start]], Goal, [Start], RevPath), reverse(RevPath, Path).
bfs_([[Goal | Rest] | _], Goal, _, [Goal | Rest]) :- !.
bfs_([[N | Rest] | Queue], Goal, Seen, Path) :-
    findall([M, N | Rest], (edge(N, M), \+ memberchk(M, Seen)), Next),
    findall(M, member([M | _], Next), Ms),
    append(Seen, Ms, Seen1),
    append(Queue, Next, Queue1),
    bfs_(Queue1, Goal, Seen1, Path).

% query: path(a, e, P).
% query: path(a, a, P).
% query: reachable(d, L).
% query: reachable(a, L).
% query: shortest(a, f, P).
% query: bfs(a, f, P).
% query: findall(P, path(a, f, P), Ps), length(Ps, N).
% query: path(f, a, P).
