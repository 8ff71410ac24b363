% Floating point: printing, conversions, special values, overflow.

% query: X is 10.0 ** 2.
% query: X is 2 ** 3.0.
% query: X is 2 ** 0.5.
% query: X is 1.0e-5.
% query: X is 1.0e100 * 1.0e100.
% query: X is 1.0e300 * 1.0e300.
% query: X is 10.0 ** 400.
% query: X is truncate(1.0e20).
% query: X is round(123456789012.5).
% query: X is integer(1.0e15).
% query: X is float(1 << 60).
% query: X is 1 / 3.
% query: X is 2 / 3.0.
% query: X is -1 / 3.0.
% query: X is 1.0 / 3.0 * 3.0.
% query: X is 100.0.
% query: X is 1.0e15.
% query: X is 1.0e16.
% query: X is 123.456e7.
% query: X is 0.000123.
% query: X is -0.0.
% query: X is 0.0 * -1.
% query: X is 3.0, Y is X * 2, Z is Y / 4.
% query: X is max(1, 1.0).
% query: X is min(1, 1.0).
% query: X is abs(-0.0).
% query: X is sqrt(1.0e10).
% query: X is exp(1).
% query: X is log(100) / log(10).
% query: X is 5 / 2.0, Y is 5 // 2, Z is 5 rem 2.
% query: X is ceiling(-0.5).
% query: X is round(0.5).
% query: X is round(1.5).
% query: X is sign(-0.0).
% query: X is float_integer_part(-2.5).
% query: X is 7.0 / 7.
% query: X is 4 / 2.0.
% query: X is 3.0 - 3.
% query: 1.0 =:= 1.
% query: 0.1 + 0.2 > 0.3.
% query: X is 2.0 * 3, integer(X).
% query: X = 1.0, Y = 1, X == Y.
% query: format("~4e ~3g ~1f~n", [12345.678, 0.5, 2.25]).
% query: format("~w ~a~n", [1.0e10, abc]).
% query: X is 1.0e10, write(X), nl, print(X), nl, write_canonical(X), nl.
% query: X is 1.5e300 * 10, write(X), nl.
% query: X is 2.0 ** 0.5, Y is X * X.
% query: atom_number(A, 1.0e-7).
% query: number_codes(X, "1.0e-7").
% query: X is 1.0e-7, atom_length(X, L).
% query: 2 ** 64 > 1.0e19.
% query: 2 ** 1000 > 1.0e300.
% query: X is 2 ** 1000 + 0.5.
% query: X is 2 ** 2000 * 1.0.
% query: X is 2 ** 64 / 2 ** 32.
% query: X is 2 ** 65 / 3.
% query: X is (2 ** 64 + 1) / 2.
% query: X is 10 ** 20 / 10 ** 18.
% query: X is -7 // 2, Y is -7 div 2, Z is -7 mod 2, W is -7 rem 2.
