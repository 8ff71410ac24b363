% Ackermann's function, small arguments.
ack(0, N, R) :- !, R is N + 1.
ack(M, 0, R) :- !, M1 is M - 1, ack(M1, 1, R).
ack(M, N, R) :- M1 is M - 1, N1 is N - 1, ack(M, N1, R1), ack(M1, R1, R).

% query: ack(0, 0, R).
% query: ack(1, 2, R).
% query: ack(2, 3, R).
% query: ack(3, 3, R).
% query: findall(R, (between(0, 3, N), ack(2, N, R)), L).
