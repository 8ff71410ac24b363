% Text processing with atoms and strings.
word_count(Text, N) :-
    split_string(Text, " ", " ", Parts),
    exclude(==(""), Parts, Words),
    length(Words, N).

caesar(Shift, Plain, Cipher) :-
    atom_codes(Plain, Cs),
    maplist(shift_code(Shift), Cs, Ds),
    atom_codes(Cipher, Ds).
shift_code(S, C, D) :-
    (   C >= 0'a, C =< 0'z
    ->  D is (C - 0'a + S) mod 26 + 0'a
    ;   D = C
    ).

palindrome(A) :- atom_chars(A, Cs), reverse(Cs, Cs).

capitalize(W, C) :-
    sub_atom(W, 0, 1, _, F), sub_atom(W, 1, _, 0, Rest),
    upcase_atom(F, FU), atom_concat(FU, Rest, C).

occurrences(Sub, Atom, N) :- aggregate_all(count, sub_atom(Atom, _, _, _, Sub), N).

join_words(Ws, S) :- atomic_list_concat(Ws, ' ', S).

% query: word_count("the quick  brown fox ", N).
% query: caesar(3, 'hello world', C).
% query: caesar(23, khoor, P).
% query: palindrome(racecar).
% query: palindrome(prolog).
% query: capitalize(prolog, C).
% query: occurrences(an, banana, N).
% query: join_words([hello, big, world], S).
% query: atomic_list_concat(Parts, ' ', 'split these words'), maplist(capitalize, Parts, Caps), atomic_list_concat(Caps, ' ', R).
% query: string_code(I, "abc", 0'c).
% query: sub_string("hello world", B, _, 0, "world").
% query: string_chars(S, [a, b]), string_concat(S, "c", T), string_length(T, N).
% query: atom_codes(A, "text"), atom(A).
% query: atom_chars(A, [h, i]), atom_length(A, L), upcase_atom(A, U).
% query: findall(C, (sub_atom(hello, _, 1, _, C), C \== l), Cs).
% query: number_codes(N, "-17"), X is N * 2.
% query: atom_number(A, 3.5).
% query: atom_to_term('foo(X, Y, X)', T, Bs).
% query: term_to_atom(f(a, "b", 'C d'), A).
% query: term_string(T, "g(1, two)").
% query: string_codes(S, [0'o, 0'k]), string(S).
% query: sub_atom(abracadabra, B, 4, A, abra).
