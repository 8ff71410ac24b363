/*  Differential-test driver for SWI-Prolog.

    Usage:  swipl -q driver.pl -- Program.pl MaxSolutions TimeLimit Results < queries

    Consults Program.pl into module user, then reads queries (terms) from
    standard input, one per clause, and writes to the file Results one
    record per query: the fields status, error, output, the variable names
    and the solutions, each field as Length:Text (Length in characters),
    a list as a field holding its length followed by its items (see harness.py, which reads it).

    Solutions are write_canonical/1 texts of the list of Name=Value
    bindings (names as in the query, `_`-prefixed names left out); status
    is end (no more solutions), cap (MaxSolutions reached), error (the
    error field holds the ball: error(Formal) for error(Formal, _) balls,
    throw(Ball) for other balls), timeout, or syntax_error; output is
    everything the query wrote to current output.  A first record holds the
    errors and warnings of loading the program.
*/

:- module(diffdriver, []).
:- use_module(library(time)).

:- dynamic load_message/2.

:- multifile user:message_hook/3.
user:message_hook(_Term, Kind, Lines) :-
    memberchk(Kind, [error, warning]),
    \+ load_done,
    message_to_codes(Lines, Text),
    assertz(load_message(Kind, Text)),
    fail.

:- dynamic load_done/0.

message_to_codes(Lines, Text) :-
    catch(( with_output_to(string(Text), print_message_lines(current_output, '', Lines))),
          _, Text = "?").

:- initialization(main, main).

main :-
    set_stream(user_input, encoding(utf8)),     % independent of the locale
    set_stream(user_output, encoding(utf8)),
    current_prolog_flag(argv, Argv),
    append(_, [File, MaxA, TimeA, Results], Argv), !,
    atom_number(MaxA, Max),
    atom_number(TimeA, Time),
    catch(user:load_files(File, [encoding(utf8)]), E, print_message(error, E)),
    assertz(load_done),
    findall(K-T, load_message(K, T), Msgs),
    setup_call_cleanup(open(Results, write, Out, [encoding(utf8)]),
                       ( field(Out, load), field_list(Out, Msgs),
                         query_loop(Out, Max, Time) ),
                       close(Out)).

field(Out, K-T) :- !, field(Out, K), field(Out, T).
field(Out, X) :-
    format(string(S), "~w", [X]),
    string_length(S, N),
    format(Out, "~d:~s", [N, S]).

field_list(Out, L) :-
    length(L, N),
    field(Out, N),
    forall(member(X, L), field(Out, X)).

emit(Out, Status, Error, Output, Names, Sols) :-
    field(Out, query), field(Out, Status), field(Out, Error), field(Out, Output),
    field_list(Out, Names), field_list(Out, Sols),
    flush_output(Out).

query_loop(Out, Max, Time) :-
    catch(read_term(user_input, Goal, [variable_names(Bs), module(user)]), E, true),
    (   nonvar(E)
    ->  canon(E, Text),
        emit(Out, syntax_error, Text, "", [], []),
        query_loop(Out, Max, Time)
    ;   Goal == end_of_file
    ->  true
    ;   run_query(Out, Goal, Bs, Max, Time),
        query_loop(Out, Max, Time)
    ).

named(Bs, Named) :-
    exclude(underscore_name, Bs, Named).

underscore_name(Name=_) :- sub_atom(Name, 0, _, _, '_').

run_query(Out, Goal, Bs0, Max, Time) :-
    named(Bs0, Bs),
    findall(N, member(N=_, Bs), Names),
    State = s([], 0),
    with_output_to(string(Output),
                   catch(call_with_time_limit(Time, solve(Goal, Bs, Max, State, Status0)),
                         Ball, true)),
    arg(1, State, RevSols),
    reverse(RevSols, Sols),
    (   var(Ball)
    ->  Status = Status0, Err = ""
    ;   Ball == time_limit_exceeded
    ->  Status = timeout, Err = ""
    ;   Status = error, ball_text(Ball, Err)
    ),
    emit(Out, Status, Err, Output, Names, Sols).

solve(Goal, Bs, Max, State, Status) :-
    (   call(user:Goal),
        canon(Bs, S),
        arg(1, State, L0), nb_setarg(1, State, [S|L0]),
        arg(2, State, N0), N is N0 + 1, nb_setarg(2, State, N),
        N >= Max
    ->  Status = cap
    ;   Status = end
    ).

ball_text(Ball, Text) :-
    (   nonvar(Ball), Ball = error(Formal, _)
    ->  (   nonvar(Formal), Formal = syntax_error(_)
        ->  canon(error(syntax_error(_)), Text)    % the message is implementation defined
        ;   canon(error(Formal), Text)
        )
    ;   canon(throw(Ball), Text)
    ).

canon(Term, Text) :-
    with_output_to(string(Text), write_canonical(Term)).
