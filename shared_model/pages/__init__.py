"""What the HTML pages of both apps show alike: titles and descriptions, error-page words,
how a prediction is presented, CSV in and out, the dashboard's numbers and charts. Each
app's templates and views put these on the page with their own framework."""
