% Arithmetic functions.

% query: X is abs(-5).
% query: X is abs(-2.5).
% query: X is sign(-3).
% query: X is sign(2.5).
% query: X is min(3, 5).
% query: X is max(3, 5.0).
% query: X is min(2, 2.0).
% query: X is sqrt(16).
% query: X is sqrt(2).
% query: X is truncate(3.7).
% query: X is truncate(-3.7).
% query: X is round(2.5).
% query: X is round(-2.5).
% query: X is ceiling(2.1).
% query: X is floor(-2.1).
% query: X is integer(2.5).
% query: X is integer(-2.5).
% query: X is float(7).
% query: X is float_integer_part(3.7).
% query: X is float_fractional_part(-3.5).
% query: X is 5 >> 1.
% query: X is 5 << 3.
% query: X is 12 /\ 10.
% query: X is 12 \/ 3.
% query: X is 12 xor 10.
% query: X is \ 5.
% query: X is gcd(12, 18).
% query: X is msb(1000).
% query: X is exp(0).
% query: X is log(1).
% query: X is sin(0).
% query: X is cos(0).
% query: X is atan2(1, 1).
% query: X is atan(1, 1).
% query: X is pi.
% query: X is e.
% query: X is truncate(pi * 1000).
% query: X is max(1, 2) * min(7, 4) + abs(-1).
% query: X is 10 ** 2.
% query: X is 10 ** 2.0.
% query: X is 9 ** 0.5.
% query: X is trig, true.
