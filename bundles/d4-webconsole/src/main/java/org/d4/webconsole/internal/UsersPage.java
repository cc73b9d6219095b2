// SPDX-License-Identifier: Apache-2.0
package org.d4.webconsole.internal;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.d4.api.audit.AuditEntry;
import org.d4.api.security.Role;
import org.d4.api.security.UserAdmin;
import org.d4.api.security.UserDirectory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code d4-users}: everyone changes their own password here (and must, while it is a generated
 * one); administrators manage users, roles, passwords and API tokens, and read the audit log.
 */
@Component(service = Servlet.class, property = {
        "felix.webconsole.label=" + UsersPage.LABEL, "felix.webconsole.title=Users", "felix.webconsole.category=" + D4Page.CATEGORY })
public final class UsersPage extends D4Page {
    private static final long serialVersionUID = 1L;
    static final String LABEL = "d4-users";
    static final int AUDIT_PAGE = 50;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String[] PASSWORD_CLASSES = {"ABCDEFGHJKLMNPQRSTUVWXYZ", "abcdefghijkmnopqrstuvwxyz", "23456789", "-_.!+%"};

    private final transient UserAdmin userAdmin;
    private final transient UserDirectory users;

    @Activate
    public UsersPage(@Reference UserAdmin userAdmin, @Reference UserDirectory users, @Reference ConsoleAudit audit) {
        super(LABEL, "user", audit);
        this.userAdmin = userAdmin;
        this.users = users;
    }

    @Override
    boolean selfService(String action) {
        return AccessRules.OWN_PASSWORD_ACTION.equals(action);
    }

    @Override
    void render(HttpServletRequest request, ConsoleUser user, StringBuilder out) {
        out.append("<div class='d4-grid'>");
        section(out, "d4-own-password", "Your password");
        if (user.passwordChangeRequired()) {
            out.append("<div class='d4-flash d4-flash-error' id='d4-must-change'>Your password was generated: choose your own before going on.</div>");
        }
        out.append(Fmt.formStart(LABEL, user, AccessRules.OWN_PASSWORD_ACTION, "d4-form"))
                .append("<label>Current password <input type='password' name='current' id='d4-current' autocomplete='current-password' required></label>")
                .append("<label>New password <input type='password' name='password' id='d4-new' autocomplete='new-password' required></label>")
                .append("<label>New password again <input type='password' name='repeat' id='d4-repeat' autocomplete='new-password' required></label>")
                .append("<button class='d4-btn d4-primary' id='d4-change-password'>Change password</button></form>");
        endSection(out);
        if (user.isAdmin()) {
            section(out, "d4-user-create", "New user");
            out.append(Fmt.formStart(LABEL, user, "create", "d4-form")).append("<label>Name <input name='name' required></label>")
                    .append("<label>Password <input type='password' name='password' autocomplete='new-password' placeholder='empty: generate one'></label>");
            roleBoxes(out, Set.of(Role.USER));
            out.append("<button class='d4-btn d4-primary'>Create</button></form>");
            endSection(out);
        }
        out.append("</div>");
        if (!user.isAdmin()) {
            return;
        }
        userTable(out, user);
        auditLog(request, out);
    }

    private static void roleBoxes(StringBuilder out, Set<Role> checked) {
        out.append("<div class='d4-roles'>");
        for (Role r : Role.values()) {
            out.append("<label class='d4-check'><input type='checkbox' name='roles' value='").append(r.id()).append("'")
                    .append(checked.contains(r) ? " checked" : "").append("> ").append(r.id()).append("</label>");
        }
        out.append("</div>");
    }

    private void userTable(StringBuilder out, ConsoleUser user) {
        section(out, "d4-user-list", "Users");
        out.append("<table class='d4-table' id='d4-user-table'><thead><tr><th>User</th><th>Roles</th><th>Password</th><th>API tokens</th><th></th></tr></thead><tbody>");
        for (UserAdmin.UserInfo u : userAdmin.users()) {
            out.append("<tr data-user='").append(Fmt.esc(u.name())).append("'><td><b>").append(Fmt.esc(u.name())).append("</b></td><td>")
                    .append(Fmt.formStart(LABEL, user, "roles", "d4-inline")).append("<input type='hidden' name='name' value='").append(Fmt.esc(u.name()))
                    .append("'>");
            roleBoxes(out, u.roles());
            out.append("<button class='d4-btn d4-small'>Set roles</button></form></td><td>")
                    .append(u.passwordChangeRequired() ? Fmt.badge("warn", "must change") : Fmt.badge("ok", "set")).append("</td><td>");
            for (String token : u.tokenIds()) {
                out.append("<span class='d4-token'>").append(Fmt.esc(token))
                        .append(Fmt.button(LABEL, user, "token-revoke", "×", "d4-chip-x", "Revoke token " + token + "?", "name", u.name(), "token", token))
                        .append("</span> ");
            }
            out.append(Fmt.button(LABEL, user, "token-create", "New token", "d4-small", null, "name", u.name())).append("</td><td class='d4-actions'>")
                    .append(Fmt.button(LABEL, user, "reset", "Reset password", "d4-small", "Give " + u.name() + " a new generated password?", "name", u.name()))
                    .append(Fmt.button(LABEL, user, "delete", "Delete", "d4-danger d4-small", "Delete user " + u.name() + "?", "name", u.name()))
                    .append("</td></tr>");
        }
        out.append("</tbody></table>");
        endSection(out);
    }

    private void auditLog(HttpServletRequest request, StringBuilder out) {
        if (audit.log().isEmpty()) {
            section(out, "d4-audit", "Audit log");
            out.append("<p class='d4-muted'>No audit log is deployed: console actions go to the appliance log only.</p>");
            endSection(out);
            return;
        }
        long before = Long.MAX_VALUE;
        String param = request.getParameter("before");
        if (param != null) {
            try {
                before = Math.max(1, Long.parseLong(param));
            } catch (NumberFormatException e) {
                before = Long.MAX_VALUE;
            }
        }
        List<AuditEntry> entries = audit.entries(before, AUDIT_PAGE + 1);
        section(out, "d4-audit", "Audit log (newest first)");
        out.append("<table class='d4-table' id='d4-audit-table'><thead><tr><th>Time</th><th>Who</th><th>Way in</th><th>From</th><th>Action</th>"
                + "<th>Target</th><th>Result</th><th>Detail</th></tr></thead><tbody>");
        for (AuditEntry e : entries.subList(0, Math.min(AUDIT_PAGE, entries.size()))) {
            out.append("<tr><td>").append(Fmt.time(e.time())).append("</td><td>").append(Fmt.esc(e.actor())).append("</td><td>").append(Fmt.esc(e.channel()))
                    .append("</td><td>").append(Fmt.esc(e.remote())).append("</td><td><code>").append(Fmt.esc(e.action())).append("</code></td><td>")
                    .append(Fmt.esc(e.target())).append("</td><td>").append(e.success() ? Fmt.badge("ok", "ok") : Fmt.badge("off", "refused"))
                    .append("</td><td>").append(Fmt.esc(e.detail())).append("</td></tr>");
        }
        out.append("</tbody></table><nav class='d4-pager'>");
        if (before != Long.MAX_VALUE) {
            out.append("<a href='").append(LABEL).append("#d4-audit'>newest</a>");
        }
        if (entries.size() > AUDIT_PAGE) {
            out.append("<a id='d4-audit-older' href='").append(LABEL).append("?before=").append(entries.get(AUDIT_PAGE - 1).sequence())
                    .append("#d4-audit'>older &rarr;</a>");
        }
        out.append("</nav>");
        endSection(out);
    }

    @Override
    String act(String action, Form form, ConsoleUser user, Change change) {
        if (action.equals(AccessRules.OWN_PASSWORD_ACTION)) {
            change.target = user.name();
            String current = form.raw("current");
            String fresh = form.raw("password");
            if (!fresh.equals(form.raw("repeat"))) {
                throw new IllegalArgumentException("the two new passwords differ");
            }
            if (fresh.equals(current)) {
                throw new IllegalArgumentException("the new password must differ from the current one");
            }
            if (users.authenticate(user.name(), current.toCharArray(), user.remote()).isEmpty()) {
                throw new IllegalArgumentException("the current password is wrong");
            }
            userAdmin.setPassword(user.name(), fresh.toCharArray(), false);
            return "Your password was changed.";
        }
        String name = form.text("name");
        change.target = name;
        return switch (action) {
            case "create" -> {
                Optional<String> given = form.optional("password");
                String password = given.orElseGet(UsersPage::generatePassword);
                Set<Role> roles = roles(form);
                userAdmin.createUser(name, password.toCharArray(), roles);
                if (given.isEmpty()) {
                    userAdmin.setPassword(name, password.toCharArray(), true);
                }
                change.detail = "roles " + roles.stream().map(Role::id).sorted().toList();
                yield given.isPresent() ? "User " + name + " created." : "User " + name + " created with the generated password " + password
                        + " (shown once; it must be changed at first login).";
            }
            case "delete" -> {
                if (name.equals(user.name())) {
                    throw new IllegalArgumentException("you cannot delete yourself");
                }
                userAdmin.deleteUser(name);
                yield "User " + name + " deleted.";
            }
            case "roles" -> {
                Set<Role> roles = roles(form);
                userAdmin.setRoles(name, roles);
                change.detail = "roles " + roles.stream().map(Role::id).sorted().toList();
                yield "Roles of " + name + " set.";
            }
            case "reset" -> {
                String password = generatePassword();
                userAdmin.setPassword(name, password.toCharArray(), true);
                yield "New password of " + name + ": " + password + " (shown once; it must be changed at the next login).";
            }
            case "token-create" -> {
                String token = userAdmin.createToken(name);
                yield "New API token of " + name + ": " + token + " (shown once).";
            }
            case "token-revoke" -> {
                String token = form.text("token");
                change.detail = "token " + token;
                if (!userAdmin.revokeToken(name, token)) {
                    throw new IllegalArgumentException(name + " has no token " + token);
                }
                yield "Token " + token + " of " + name + " revoked.";
            }
            default -> throw new IllegalArgumentException("unknown action: " + action);
        };
    }

    private static Set<Role> roles(Form form) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String r : form.all("roles")) {
            roles.add(Role.fromId(r));
        }
        if (roles.isEmpty()) {
            throw new IllegalArgumentException("choose at least one role");
        }
        return roles;
    }

    /** 20 characters with every character class, so any sensible password policy accepts it. */
    static String generatePassword() {
        char[] out = new char[20];
        for (int i = 0; i < out.length; i++) {
            String chars = PASSWORD_CLASSES[i < PASSWORD_CLASSES.length ? i : RANDOM.nextInt(PASSWORD_CLASSES.length)];
            out[i] = chars.charAt(RANDOM.nextInt(chars.length()));
        }
        for (int i = out.length - 1; i > 0; i--) {
            int j = RANDOM.nextInt(i + 1);
            char c = out[i];
            out[i] = out[j];
            out[j] = c;
        }
        String result = new String(out);
        Arrays.fill(out, ' ');
        return result;
    }
}
