% Prime numbers: sieve of Eratosthenes and trial division.
primes(N, Ps) :- numlist(2, N, L), sieve(L, Ps).
sieve([], []).
sieve([P | Xs], [P | Ps]) :- exclude(multiple_of(P), Xs, Ys), sieve(Ys, Ps).
multiple_of(P, X) :- 0 is X mod P.

is_prime(2).
is_prime(N) :- N > 2, N mod 2 =\= 0, \+ has_factor(N, 3).
has_factor(N, F) :- F * F =< N, ( N mod F =:= 0 -> true ; F2 is F + 2, has_factor(N, F2) ).

factors(N, Fs) :- factors(N, 2, Fs).
factors(1, _, []) :- !.
factors(N, F, [F | Fs]) :- N mod F =:= 0, !, N1 is N // F, factors(N1, F, Fs).
factors(N, F, Fs) :- F * F > N, !, Fs = [N].
factors(N, F, Fs) :- F1 is F + 1, factors(N, F1, Fs).

% query: primes(50, Ps).
% query: primes(1000, _Ps), length(_Ps, N), last(_Ps, L).
% query: is_prime(97).
% query: is_prime(91).
% query: findall(P, (between(1, 60, P), is_prime(P)), L).
% query: factors(360, Fs).
% query: factors(9973, Fs).
% query: factors(1234567890, Fs).
