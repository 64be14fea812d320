"""The app's modals."""
