% atom_codes/2, atom_chars/2, char_code/2, atom_length/2,
% number_codes/2, number_chars/2, atom_number/2.

% query: atom_codes(hello, L).
% query: atom_codes(A, [0'h, 0'i]).
% query: atom_codes(A, "xyz").
% query: atom_chars(hello, L).
% query: atom_chars(A, [a, b]).
% query: atom_chars(X, Y).
% query: atom_chars(123, L).
% query: atom_codes('', L).
% query: atom_length(hello, N).
% query: atom_length('', N).
% query: atom_length(X, 3).
% query: atom_length(abc, foo).
% query: atom_length(42, N).
% query: atom_length(f(x), N).
% query: char_code(C, 65).
% query: char_code(a, X).
% query: char_code(C, X).
% query: number_codes(N, "42").
% query: number_codes(N, " 42").
% query: number_codes(N, "3.5e2").
% query: number_codes(N, "0x1F").
% query: number_codes(N, "abc").
% query: number_codes(12, L).
% query: number_chars(N, ['1', '2']).
% query: number_chars(N, ['-', '1']).
% query: number_chars(N, [a]).
% query: atom_number('3.14', N).
% query: atom_number('42', N).
% query: atom_number(foo, N).
% query: atom_number(A, 5).
% query: atom_number('0b101', N).
% query: atom_chars(X, ['1', '2']), atom(X).
% query: atom_codes(abc, [X | Y]).
% query: atom_length('héllo', N).
% query: atom_codes('héllo', L).
