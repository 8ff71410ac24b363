% Arithmetic errors.
safe(G, R) :- catch((G, R = ok), error(E, _), R = caught(E)).

% query: X is foo + 1.
% query: X is Y + 1.
% query: X is 1 / 0.
% query: X is 1 // 0.
% query: X is 1 mod 0.
% query: X is 1.0 / 0.
% query: X is 1 / 0.0.
% query: X is 2 ^ -1.
% query: X is 2.0 ^ -1.
% query: X is 1 << a.
% query: X is 5.0 mod 2.
% query: X is 5.0 // 2.
% query: X is sqrt(-1).
% query: X is log(-1.0).
% query: X is foo(1, 2).
% query: X is gcd(2.0, 4).
% query: safe(X is 1 / 0, R).
% query: safe(X is a * 2, R).
% query: safe(1 < b, R).
% query: safe(_ =:= 2, R).
% query: safe(X is 7 rem 0, R).
% query: safe(X is integer(a), R).
% query: safe(X is msb(-1), R).
