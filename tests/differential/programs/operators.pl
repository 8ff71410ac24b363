% User-defined operators: op/3, parsing and writing with them.
:- op(700, xfx, ===>).
:- op(200, xfy, of).
:- op(900, fy, not_).
:- op(100, xf, is_done).
:- op(650, yfx, plusplus).

rule(a ===> b).
rule(x of y of z ===> w).
rule(not_ not_ p).
rule(task is_done).

% query: rule(R), writeq(R), nl, fail.
% query: rule(A ===> B).
% query: X = (a of b of c), X = (L of R).
% query: writeq(1 plusplus 2 plusplus 3), nl.
% query: writeq(1 plusplus (2 plusplus 3)), nl.
% query: writeq(===>(a, b)), nl.
% query: writeq(f(===>)), nl.
% query: write_canonical(a ===> b), nl.
% query: op(700, xfx, ~~), X =.. ['~~', a, b], writeq(X), nl.
% query: current_op(P, T, ===>).
% query: current_op(P, T, is).
% query: current_op(P, xfy, ',').
% query: X = (a :- b, c), X = (H :- B).
% query: writeq(- (1)), nl.
% query: writeq(not_ (a, b)), nl.
% query: writeq((a ===> b) ===> c), nl.
% query: op(0, xfx, ===>), writeq(a ===> b), nl.
% query: writeq(===>(a, b)), nl.
% query: op(1201, xfx, bad).
% query: op(700, bogus, bad).
