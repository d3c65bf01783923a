"""The JSON API framework: endpoints declared with their permission and schemas."""
