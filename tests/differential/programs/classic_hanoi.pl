% Towers of Hanoi, printing the moves.
hanoi(0, _, _, _) :- !.
hanoi(N, From, To, Via) :-
    N1 is N - 1,
    hanoi(N1, From, Via, To),
    format("Move disk ~w from ~w to ~w~n", [N, From, To]),
    hanoi(N1, Via, To, From).

moves(0, _, _, _, []) :- !.
moves(N, F, T, V, Ms) :-
    N1 is N - 1,
    moves(N1, F, V, T, M1),
    moves(N1, V, T, F, M2),
    append(M1, [F-T | M2], Ms).

% query: hanoi(3, left, right, center).
% query: moves(3, a, c, b, Ms).
% query: moves(10, a, c, b, Ms), length(Ms, N).
% query: hanoi(0, a, b, c).
