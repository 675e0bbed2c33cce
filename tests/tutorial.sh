# tutorial.sh: the commands of kitchensync-tutorial(7) as a reader types
# them, sourced by docs.sh (which runs them) and walks.sh (which walks the
# lessons on screen).  Needs $tutorial, the page's path.

# The tutorial's examples (.EX ... .EE), roff escapes undone and continued
# lines joined: "cmd COMMAND" for a "$ kitchensync ..." line, "out LINE" for
# each line printed under it ("..." lines, which stand for more, left out).
# A roff comment ".\" docs.sh: figures vary" before an example marks a live
# run whose numbers depend on timing: its lines are "shape" records, checked
# with any numbers in place of the ones printed.
tutorial_examples() {
	awk '/^\.\\" docs\.sh: figures vary/ { print "@vary"; next }
	    /^\.EX/ { ex = 1; next } /^\.EE/ { ex = 0; next } ex' "$tutorial" |
	    sed 's/\\-/-/g; s/\\e/\\/g; s/\\&//g' |
	    awk '/\\$/ { sub(/\\$/, ""); buf = buf $0; next } { print buf $0; buf = "" }' |
	    awk '$0 == "@vary" { vary = 1; next }
	        /^\$ kitchensync/ { sub(/^\$ /, ""); print "cmd " $0; cmd = 1; v = vary; vary = 0; next }
	        /^\$ / { cmd = 0; next }
	        cmd && $0 != "..." && $0 != "" { print (v ? "shape " : "out ") $0 }'
}
