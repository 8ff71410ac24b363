% is/2 and the basic operators.

% query: X is 1 + 2.
% query: X is 7 - 10.
% query: X is 6 * 7.
% query: X is 7 / 2.
% query: X is 6 / 2.
% query: X is -7 / 2.
% query: X is 7.0 / 2.
% query: X is 7 // 2.
% query: X is -7 // 2.
% query: X is 7 // -2.
% query: X is 7 mod 3.
% query: X is -7 mod 3.
% query: X is 7 mod -3.
% query: X is -7 mod -3.
% query: X is 7 rem 3.
% query: X is -7 rem 3.
% query: X is 7 rem -3.
% query: X is 7 div 2.
% query: X is -7 div 2.
% query: X is 2 ** 10.
% query: X is 2 ** -1.
% query: X is 2.0 ** 3.
% query: X is 2 ^ 10.
% query: X is 2 ^ 0.
% query: X is (-2) ^ 3.
% query: X is 2.5 ^ 2.
% query: X is 1 + 2 * 3 - 4.
% query: X is (1 + 2) * (3 - 4).
% query: X is - 5.
% query: X is -(-(5)).
% query: X is 3 + 0.5.
% query: X is 10 - 2.5.
% query: X is 1.0 * 3.
% query: X = 1 + 2, Y is X * 2.
% query: X is 17, Y is X // 5, Z is X mod 5.
% query: 3 is 1 + 2.
% query: 3.0 is 1 + 2.
% query: X is 0.1 + 0.2.
% query: X is 1.0e10 * 10.
% query: X is 123456789 * 987654321.
