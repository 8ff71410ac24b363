% library(readutil) on standard input: lines as strings and codes, the end
% of input, and lines after a read/1 (the rest of its line comes first).
:- use_module(library(readutil)).

main :-
    read_line_to_string(user_input, L1), writeq(L1), nl,
    read_line_to_codes(user_input, C2), atom_codes(A2, C2), writeq(A2), nl,
    read_line_to_string(user_input, L3), writeq(L3), nl,
    read(user_input, T), writeq(T), nl,
    read_line_to_string(user_input, Rest), writeq(Rest), nl,
    lines(Ls), writeq(Ls), nl,
    read_line_to_string(user_input, E1), writeq(E1), nl,
    read_line_to_codes(user_input, E2), writeq(E2), nl.

lines(Ls) :-
    read_line_to_string(user_input, L),
    (   L == end_of_file -> Ls = []
    ;   split_string(L, " ", "", Ws), Ls = [Ws|Ls1], lines(Ls1)
    ).
