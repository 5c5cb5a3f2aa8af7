// Runs the admin's "With selected" actions. Flask-Admin calls modelActions.execute() from
// inline onclick attributes, which the Content-Security-Policy blocks; the menu items carry
// data-admin-action instead (templates/admin/actions.html), and this file makes the call.
document.addEventListener("click", function (event) {
  var item = event.target.closest("[data-admin-action]");
  if (item) {
    event.preventDefault();
    window.modelActions.execute(item.dataset.adminAction);
  }
});
