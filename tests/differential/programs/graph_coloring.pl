% Map colouring by generate and test.
color(red). color(green). color(blue).
adjacent(wa, nt). adjacent(wa, sa). adjacent(nt, sa). adjacent(nt, q).
adjacent(sa, q). adjacent(sa, nsw). adjacent(sa, v). adjacent(q, nsw). adjacent(nsw, v).

coloring(Regions, Cs) :-
    maplist(assign, Regions, Cs),
    \+ conflict(Cs).
assign(R, R-C) :- color(C).
conflict(Cs) :- adjacent(A, B), memberchk(A-C, Cs), memberchk(B-C, Cs).

% Incremental: check each region as soon as it is coloured.
coloring2([], Cs, Cs).
coloring2([R | Rs], Acc, Cs) :-
    color(C),
    \+ (member(R2-C, Acc), (adjacent(R, R2) ; adjacent(R2, R))),
    coloring2(Rs, [R-C | Acc], Cs).

% query: coloring([wa, nt, sa, q, nsw, v, t], Cs).
% query: once(coloring2([wa, nt, sa, q, nsw, v, t], [], Cs)).
% query: findall(Cs, coloring2([wa, nt, sa, q, nsw, v], [], Cs), L), length(L, N).
% query: coloring([wa, nt, sa], [wa-red, nt-red | _]).
