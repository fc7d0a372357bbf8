"""Delivery channels: console, file, email, Telegram (one module per channel)."""
