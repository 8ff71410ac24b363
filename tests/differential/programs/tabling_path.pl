% Tabling: left-recursive transitive closure over a cyclic graph.
% Tabled answers come in table order, which differs between engines, so
% these queries compare answers as sets.
:- table path/2.
path(X, Y) :- path(X, Z), edge(Z, Y).
path(X, Y) :- edge(X, Y).

edge(a, b). edge(b, c). edge(c, a). edge(c, d). edge(d, e). edge(x, y).

:- table conn/2.
conn(X, Y) :- conn(X, Z), conn(Z, Y).
conn(X, Y) :- edge(X, Y).

% query(set): path(a, Y).
% query(set): path(X, e).
% query(set): path(X, Y).
% query(set): path(x, Y).
% query(set): path(e, Y).
% query: path(a, a).
% query: path(e, a).
% query(set): conn(b, Y).
% query: findall(Y, path(a, Y), _L0), msort(_L0, L).
% query: aggregate_all(count, path(_, _), N).
% query: setof(X-Y, path(X, Y), L).
