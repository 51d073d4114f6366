"""The share widget: sessions a shop mints for a buyer, what the widget does, feedback, look."""
