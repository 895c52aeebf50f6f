"""The tests that `scripts/dev.sh test-fast` leaves out, besides those marked `@pytest.mark.slow` in
their files: each takes more than ~2 s here (whole daemons, real voices and recognizers on
recordings, subprocesses). conftest marks them slow at collection; tests/test_test_setup.py fails
on a name here that no longer exists. Measured with
`BEAR_SHARED=/work/shared .venv/bin/python -m pytest -q --durations=0` (figures from a loaded
2-core machine: call + setup). Add a test here, or mark it in its file, when it takes more than ~2 s.
"""

SLOW_TESTS = frozenset({
    "test_conversation.py::test_forgetting_mid_turn_erases_that_turn_too_and_the_bear_goes_on",  # 62.3 s
    "test_conversation.py::test_paw_barge_in_silences_the_speaker_within_one_block",  # 9.4 s
    "test_conversation.py::test_paw_during_speech_stops_it_and_listens",  # 26.0 s
    "test_conversation.py::test_the_bears_own_hey_teddy_neither_wakes_it_nor_is_transcribed",  # 21.9 s
    "test_conversation.py::test_wake_phrase_during_speech_barges_in",  # 23.4 s
    "test_conversation.py::test_without_a_voice_the_bear_still_answers_and_records",  # 7.4 s
    "test_daemon.py::test_a_second_bear_on_the_same_config_stops_at_once",  # 3.4 s
    "test_daemon.py::test_an_unwritable_runtime_dir_leaves_the_bear_running_without_its_sockets",  # 5.1 s
    "test_daemon.py::test_bear_status_reads_the_running_daemon",  # 6.4 s
    "test_daemon.py::test_capture_end_stops_the_daemon",  # 6.3 s
    "test_daemon.py::test_watchdog_is_withheld_while_capture_is_stalled",  # 2.4 s
    "test_echo.py::test_the_wake_phrase_said_over_the_bear_is_heard",  # 70.9 s
    "test_emotion.py::test_dev_macro_f1_is_what_metrics_json_says",  # 3.7 s
    "test_enrol.py::test_bear_enrol_refuses_another_phrase",  # 4.9 s
    "test_enrol.py::test_enrol_round_trip_keeps_only_features_and_forget_erases_them",  # 3.7 s
    "test_enrol.py::test_enrolled_verifier_wakes_on_the_phrase_and_drops_other_speech",  # 13.2 s
    "test_hearing_cli.py::test_bear_run_hears_wake_and_paw_and_records_timings",  # 12.9 s
    "test_hearing_cli.py::test_eval_stt_last_line",  # 2.6 s
    "test_hearing_cli.py::test_eval_wake_last_line",  # 2.0 s (3.8 s in the fast run)
    "test_hearing_cli.py::test_listen_prints_utterances_with_timings",  # 4.3 s
    "test_hearing_cli.py::test_transcribe_one_line_per_file_and_bad_files",  # 2.9 s
    "test_knowledge.py::test_a_follow_up_question_carries_the_topic",  # 1.7 s
    "test_knowledge.py::test_questions_are_matched_by_meaning_and_wrong_matches_are_rare",  # 12.0 s
    "test_listener.py::test_a_head_trained_on_real_voices_wakes_on_its_phrase_only",  # ~12 s each (3)
    "test_listener.py::test_a_20_s_stall_loses_only_what_the_ring_could_not_hold",  # 58.2 s
    "test_listener.py::test_a_press_while_the_bear_waits_for_an_answer_makes_it_the_paws",  # 3.0 s
    "test_listener.py::test_max_length_closes_a_long_utterance",  # 3.5 s
    "test_listener.py::test_models_that_break_while_running_degrade_and_come_back",  # 4.8 s
    "test_listener.py::test_paw_press_through_gpiozero_keeps_the_preroll",  # 2.5 s
    "test_listener.py::test_spotter_rests_in_a_quiet_room_and_still_hears_the_phrase",  # 4.2 s
    "test_listener.py::test_vosk_phrase_spotting_path_with_the_korean_model",  # 25.0 s
    "test_listener.py::test_wake_barge_in_over_the_bears_voice",  # 50.2 s
    "test_listener.py::test_wake_phrase_alone_then_silence_times_out",  # 3.8 s
    "test_listener.py::test_without_vad_and_wake_models_the_paw_still_works",  # 2.4 s
    "test_llm.py::test_failing_endpoints_fall_back_to_the_offline_engine",  # 2.3 s
    "test_llm.py::test_hostile_replies_pass_the_same_safety_layer",  # 2.2 s
    "test_metrics.py::test_the_bear_carries_on_when_the_metrics_folder_is_missing",  # 5.1 s
    "test_models.py::test_cli_list_fetch_verify",  # 1.8 s (2.3 s in the fast run)
    "test_panel.py::test_a_stop_right_after_the_forget_hold_still_erases_everything",  # 5.2 s
    "test_panel.py::test_bear_forget_and_bear_sync_reach_the_running_bear",  # 6.9 s
    "test_panel.py::test_every_state_has_its_colour_and_muted_always_shows_red",  # 3.8 s
    "test_panel.py::test_light_follows_the_state_and_mute_switch_stops_capture",  # 28.8 s
    "test_panel.py::test_long_paw_press_toggles_mute",  # 5.4 s
    "test_panel.py::test_parent_button_held_forgets_everything",  # 8.9 s
    "test_panel.py::test_parent_button_short_press_syncs_and_the_light_shows_it",  # 6.7 s
    "test_privacy.py::test_the_child_s_audio_is_never_written_anywhere",  # 13.4 s
    "test_sync.py::test_a_failed_try_loses_nothing_and_the_retry_duplicates_nothing",  # 7.1 s
    "test_talk.py::test_bear_chat_command_one_reply_and_prompt_loop",  # 2.2 s
    "test_tts.py::test_say_refuses_empty_text_and_missing_voice",  # 1.9 s
    "test_tts.py::test_say_writes_a_wav_that_says_the_words",  # 21.0 s
    "test_tts.py::test_sentences_stream_before_the_text_is_done",  # 5.6 s
    "test_tts.py::test_stop_ends_synthesis_early",  # 3.5 s
    "test_understanding.py::test_the_classifier_and_rules_on_lines_from_the_issue",  # 8.6 s
    "test_vad_stt.py::test_pocketsphinx_streaming_partial_final_and_words",  # 15.4 s
    "test_vad_stt.py::test_pocketsphinx_transcribes_real_speech",  # 52.4 s
    "test_vad_stt.py::test_vosk_real_model_stream_partial_final_grammar_reset_unload",  # 17.7 s
    "test_voice_engines.py::test_barge_in_silences_either_voice_within_a_block",  # 5.2 s
    "test_voice_engines.py::test_barge_in_while_the_voice_is_still_loading_is_recorded",  # 1.6 s
    "test_voice_engines.py::test_each_engine_speaks_a_reply_loads_lazily_and_gives_its_memory_back",  # 22.0 s
    "test_voice_engines.py::test_stop_ends_synthesis_after_the_piece_in_progress",  # 4.5 s
    "test_whisper.py::test_corrupt_model_is_refused_and_the_bear_still_wakes",  # 2.2 s
    "test_whisper.py::test_recognizer_bounds_the_buffer_and_says_nothing_for_silence",  # 3.0 s
    "test_whisper.py::test_transcribes_adult_and_children_speech_with_word_confidences",  # 13.8 s
    "test_whisper.py::test_unload_gives_the_memory_back",  # 6.8 s
})
