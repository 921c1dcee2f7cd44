package dev.stacksolo.registry;

import java.util.regex.Pattern;

/** Registry locations for people: passwords in a URL are masked before it is printed or logged. */
public final class Locations {

    private static final Pattern USERINFO_PASSWORD = Pattern.compile("(//[^/:@]+:)[^@/]*@");
    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)([?&;]password=)[^&;]*");

    private Locations() {}

    /** {@code location} with any password replaced by {@code ****} (as secrets are masked everywhere). */
    public static String mask(String location) {
        String masked = USERINFO_PASSWORD.matcher(location).replaceAll("$1****@");
        masked = PASSWORD_PARAMETER.matcher(masked).replaceAll("$1****");
        // and whatever else the one rule set knows (a password holding '/' or '@', sslpassword=…)
        return Secrets.maskText(masked);
    }
}
