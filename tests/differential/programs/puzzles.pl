% Small logic puzzles.
% Who owns the fish? A three-house miniature.
houses(Hs) :-
    Hs = [h(_, _, _), h(_, _, _), h(_, _, _)],
    member(h(red, english, _), Hs),
    member(h(green, _, coffee), Hs),
    member(h(_, spanish, _), Hs),
    member(h(_, english, water), Hs),
    Hs = [_, h(_, _, milk), _],
    Hs = [h(_, norwegian, _) | _],
    member(h(blue, _, _), Hs),
    member(h(_, _, water), Hs),
    next_to(h(blue, _, _), h(_, norwegian, _), Hs).

next_to(A, B, L) :- append(_, [A, B | _], L).
next_to(A, B, L) :- append(_, [B, A | _], L).

% A small cryptarithm: AB + BA = CC with distinct digits, A, B > 0.
crypt(A, B, C) :-
    Ds = [1, 2, 3, 4, 5, 6, 7, 8, 9],
    select(A, Ds, R1), select(B, R1, R2), member(C, R2),
    (10 * A + B) + (10 * B + A) =:= 11 * C.

% Knights and knaves: a says "b is a knave", b says "we are both knights".
says(knight, S) :- S.
says(knave, S) :- \+ S.
kk(A, B) :-
    member(A, [knight, knave]), member(B, [knight, knave]),
    says(A, B = knave),
    says(B, (A = knight, B = knight)).

% query: houses(Hs).
% query: findall(A-B-C, crypt(A, B, C), L), length(L, N).
% query: crypt(2, B, C).
% query: kk(A, B).
