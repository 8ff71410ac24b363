% Unbounded integers.
fact(0, 1) :- !.
fact(N, F) :- N1 is N - 1, fact(N1, F1), F is N * F1.

% query: X is 2 ** 100.
% query: X is 2 ^ 200.
% query: fact(30, F).
% query: fact(50, F), G is F // (2 ** 40).
% query: fact(25, F), G is F mod 1000007.
% query: X is 12345678901234567890 * 98765432109876543210.
% query: X is 100000000000000000000 // 3.
% query: X is -100000000000000000000 // 7.
% query: X is -100000000000000000000 mod 7.
% query: X is 100000000000000000000 rem -7.
% query: X is 2 ** 64 - 1.
% query: X is -(2 ** 63).
% query: X is (2 ** 64) >> 60.
% query: X is 1 << 70.
% query: X is gcd(2 ** 80, 6 ** 40).
% query: X is abs(-(10 ** 30)).
% query: X is 10 ** 20 + 0.5.
% query: X is float(2 ** 70).
% query: X is 3 ** 40, Y is X mod 1000.
% query: 2 ** 100 =:= 2 ** 100.
% query: X is 2 ** 100, Y is X + 1, Y > X.
% query: X is msb(2 ** 100).
% query: X = 123456789012345678901234567890, integer(X).
% query: fact(20, F), atom_length(F, L).
