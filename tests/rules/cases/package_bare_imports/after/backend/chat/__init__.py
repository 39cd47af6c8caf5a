"""Chatkit integration components."""
